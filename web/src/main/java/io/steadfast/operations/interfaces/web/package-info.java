/** The console's servlets: its sign-in page. */
package io.steadfast.operations.interfaces.web;
