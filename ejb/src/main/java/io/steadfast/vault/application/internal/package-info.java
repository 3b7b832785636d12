/** Stateless beans that reach the vault through its resource adapter. */
package io.steadfast.vault.application.internal;
