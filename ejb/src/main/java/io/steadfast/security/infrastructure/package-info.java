/** The key stores on disk: {@link io.steadfast.security.infrastructure.KeyStores} loads both, each kind of key has its class. */
package io.steadfast.security.infrastructure;
