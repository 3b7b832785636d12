/** Checks every capability's settings while the application is deployed, so that a bad value stops the deployment rather than a request. */
package io.steadfast.configuration.startup;
