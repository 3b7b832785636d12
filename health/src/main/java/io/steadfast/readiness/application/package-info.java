/**
 * The rules of readiness, apart from how their inputs are read: when the vault, the transaction
 * manager's node identifier and recovery keep payments from completing, and the log that tells an
 * operator once per change.
 */
package io.steadfast.readiness.application;
