package io.steadfast.scheduling.application;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** Log messages of the scheduled tasks' timers. Ids are permanent: never reuse or renumber one. */
@MessageLogger(projectCode = "STEADFAST-SCHEDULER-", length = 4)
interface SchedulingLogger extends BasicLogger {

    SchedulingLogger LOG = Logger.getMessageLogger(java.lang.invoke.MethodHandles.lookup(), SchedulingLogger.class,
            "io.steadfast.scheduling");

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 1, value = "This node runs the scheduled tasks (%s): %s")
    void running(String how, String tasks);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 2, value = "The scheduled tasks run on one node of the cluster, where the HA singleton deployment "
            + "steadfast-scheduler.jar is active (" + ScheduledTasks.MODE + "=singleton); this node runs them when that "
            + "deployment starts here. A server where it is not deployed runs no scheduled task")
    void waiting();

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 3, value = "This node hands the scheduled tasks over: the HA singleton deployment stopped here")
    void handedOver();

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 4, value = "Task %s: no node ran its last fire before %s (the node that had the tasks died, or the cluster "
            + "has just started); it runs now, once, in that fire's place")
    void catchingUp(String task, String nextFire);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 5, value = "Scheduled task %s failed (%s: %s); it runs again at its next fire")
    void failed(String task, String exception, String message);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 6, value = "The HA singleton deployment steadfast-scheduler.jar %s on this server, which does not run the "
            + "scheduled tasks for it (" + ScheduledTasks.MODE + " is local: this server runs them itself); nothing changes. "
            + "Deploy steadfast-scheduler.jar only on a cluster's nodes, with " + ScheduledTasks.MODE + "=singleton")
    void notSingleton(String startedOrStopped);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 7, value = "Task %s: its last fire was claimed for %s, more than a minute after the first fire of its timer "
            + "here (%s), by a run that began more than a minute ago: so on another schedule (a longer one, before the schedule "
            + "was changed, or on a clock since set back). That claim is forgotten: the task runs on its schedule from now on, "
            + "instead of after that time")
    void claimForgotten(String task, String claimed, String firstFire);
}
