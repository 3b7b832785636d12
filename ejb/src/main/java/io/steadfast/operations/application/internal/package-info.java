/** The operations bean and the audit trail it writes. */
package io.steadfast.operations.application.internal;
