/** Integrity codes on database rows: detect, correct single-bit errors, quarantine the rest. */
package io.steadfast.integrity;
