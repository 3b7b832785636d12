/** Operating the vault: health, statistics, scrub and rebuild, for the admin API. */
package io.steadfast.vault.application;
