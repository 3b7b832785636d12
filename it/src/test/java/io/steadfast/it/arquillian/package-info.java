/**
 * Client-side Arquillian extensions of the in-container suite. A package of their own: the test
 * WAR takes the whole {@code io.steadfast.it} package, and these classes need Arquillian's SPI,
 * which the server does not have.
 */
package io.steadfast.it.arquillian;
