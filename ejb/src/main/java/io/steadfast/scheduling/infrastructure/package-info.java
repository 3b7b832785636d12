/** Scheduled tasks that run once per fire in the whole cluster ({@link io.steadfast.scheduling.infrastructure.ScheduledRuns}). */
package io.steadfast.scheduling.infrastructure;
