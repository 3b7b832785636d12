/**
 * The Jakarta Connectors 2.1 outbound resource adapter: managed connections over a shared vault
 * engine, each with a real {@link javax.transaction.xa.XAResource} that Narayana enlists and recovers.
 */
package io.steadfast.vault.outbound;
