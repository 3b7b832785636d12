/** The codes themselves (CRC32C, Hamming SECDED, HMAC-SHA256 seal) over a canonical encoding; plain Java. */
package io.steadfast.integrity.domain;
