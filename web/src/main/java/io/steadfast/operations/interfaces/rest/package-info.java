/** The admin API for operators: who is signed in, in-doubt transactions, stuck payments, the audit trail. */
package io.steadfast.operations.interfaces.rest;
