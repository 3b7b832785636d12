/** The database schema: versioned migrations (Flyway), applied before the persistence units start. */
package io.steadfast.schema;
