/** The WAR's JAX-RS application: one {@code /api/v1} root shared by every capability's resources. */
package io.steadfast.web;
