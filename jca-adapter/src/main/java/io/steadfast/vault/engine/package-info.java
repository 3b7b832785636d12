/**
 * The vault engine: plain Java, usable without a container. Objects are written once, as
 * CRC32C-protected chunks, under per-transaction staging with a forced prepare journal.
 */
package io.steadfast.vault.engine;
