/**
 * The operator's overview: the vault's disks, Narayana's transaction figures, payments per state
 * and what is in doubt, now and sampled once a minute over the last hour, for the admin console.
 */
package io.steadfast.overview;
