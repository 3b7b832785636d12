/** The database's MicroProfile Health readiness check ({@code /health/ready} on the management port). */
package io.steadfast.database.interfaces;
