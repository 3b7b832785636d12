/** The operators' list of quarantined rows. */
package io.steadfast.integrity.interfaces.rest;
