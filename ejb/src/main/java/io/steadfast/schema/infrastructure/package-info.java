/**
 * Runs the migrations of {@code db/migration/<vendor>} from a Hibernate {@code Integrator}, so they are
 * applied while the persistence unit is built and before Hibernate validates the schema.
 */
package io.steadfast.schema.infrastructure;
