/** Narayana's log store and recovery manager, reached from the deployment. */
package io.steadfast.operations.infrastructure;
