/** The vault's admin API: health, statistics, scrub and rebuild. */
package io.steadfast.vault.interfaces.rest;
