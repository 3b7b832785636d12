/** The admin console's overview: current figures and the last hour of samples. */
package io.steadfast.overview.interfaces.rest;
