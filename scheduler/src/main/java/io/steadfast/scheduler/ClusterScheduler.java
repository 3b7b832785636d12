package io.steadfast.scheduler;

import io.steadfast.scheduling.application.ScheduledTasks;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * Gives this node the cluster's scheduled tasks while this deployment is active here. WildFly
 * starts an HA singleton deployment on one node of the cluster at a time, and on another when that
 * node stops or dies; this bean starts and stops with it, and with it the timers of steadfast.ear's
 * {@link ScheduledTasks} on this node.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ClusterScheduler {

    /** steadfast.ear's bean on this server; the lookup also makes this deployment wait for it. */
    @EJB(lookup = "java:global/steadfast/steadfast-ejb/ScheduledTasks!io.steadfast.scheduling.application.ScheduledTasks")
    ScheduledTasks tasks;

    @PostConstruct
    void takeOver() {
        tasks.takeOver();
    }

    @PreDestroy
    void handOver() {
        tasks.handOver();
    }
}
