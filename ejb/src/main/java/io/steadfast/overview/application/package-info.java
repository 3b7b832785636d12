/** The overview's figures ({@link io.steadfast.overview.application.Overview}) and the bean that answers them. */
package io.steadfast.overview.application;
