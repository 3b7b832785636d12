/** Crash tests: the real server (and H2 on its own) killed at random moments, restarted on the same data, and checked. */
package io.steadfast.crash;
