/** The start-up check of the payments database through the XA datasource, and its log messages. */
package io.steadfast.database.infrastructure;
