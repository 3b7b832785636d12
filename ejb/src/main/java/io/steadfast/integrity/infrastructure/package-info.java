/** The JPA entity listener that enforces the codes, and the quarantine list (the keys are in {@code io.steadfast.security}). */
package io.steadfast.integrity.infrastructure;
