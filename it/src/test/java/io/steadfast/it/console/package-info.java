/**
 * The admin console driven in a real browser (Debian's chromium, headless, through Selenium and
 * chromium-driver), as a client of the plain steadfast.ear. Its own package, so the in-container
 * test WAR (which holds only {@code io.steadfast.it}) never carries Selenium.
 */
package io.steadfast.it.console;
