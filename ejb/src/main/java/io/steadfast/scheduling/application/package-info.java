/**
 * When the scheduled tasks run, and on which node: {@link io.steadfast.scheduling.application.ScheduledTasks}
 * holds their timers, on every server (the lone server) or on the one node where the HA singleton
 * deployment {@code steadfast-scheduler.jar} is active (the cluster).
 */
package io.steadfast.scheduling.application;
