/** The sampler that keeps the last hour of overview figures in memory, per node. */
package io.steadfast.overview.application.internal;
