/** The JPA entity listener that enforces the codes, the keys, and the quarantine list. */
package io.steadfast.integrity.infrastructure;
