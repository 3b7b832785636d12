/** A web application the crash tests deploy beside steadfast.ear to read what only the server can: the database's prepared branches. */
package io.steadfast.crash.probe;
