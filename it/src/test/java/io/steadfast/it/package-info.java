/** In-container tests: they run inside WildFly, beside steadfast.ear, in a test WAR. */
package io.steadfast.it;
