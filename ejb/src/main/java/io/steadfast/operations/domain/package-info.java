/** The audit trail: entries, their hash chain and its head. */
package io.steadfast.operations.domain;
