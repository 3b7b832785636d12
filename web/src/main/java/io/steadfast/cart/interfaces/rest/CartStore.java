package io.steadfast.cart.interfaces.rest;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import java.util.concurrent.ConcurrentMap;

/**
 * The copy of every cart that makes an acknowledged change survive its node: written to the
 * replicated, synchronous cache {@code steadfast-carts} of the {@code web} container
 * (configure-cluster.cli) after every change and before the answer leaves, which a put into a
 * synchronous cache does by returning only once every node has it. A server that runs alone has
 * a local cache of that name (configure-sessions.cli).
 *
 * <p>Why a second copy beside the session: WildFly writes a distributable session when the
 * request ends, and Undertow ends it after it has sent the response
 * ({@code HttpServletResponseImpl.responseDone} closes the stream, then updates the session). A
 * node killed between the two took with it a change its client had been told was made
 * (ConcurrentFailoverIT and SessionFailoverIT saw it). The session still holds the cart, and is
 * still replicated: it is the copy requests work on; this one is only read when it is newer.
 *
 * <p>Keyed by session id. A session created by the request that also changed the cart may be
 * missing on the node that takes over (the session was not written yet); the new session there
 * takes the cart stored under the id the client sent ({@link #takeOver}).
 *
 * <p>The copy belongs with {@code <distributable/>}: web.xml's context parameter
 * {@value #ENABLED} turns it off together with it, which only the replication benchmark's
 * non-distributable baseline does ({@code cluster/bench-cluster.sh --replication}).
 */
@ApplicationScoped
public class CartStore {

    /** web.xml context parameter: {@code false} turns the copy off (a web module that is not distributable). */
    public static final String ENABLED = "steadfast.cart.synchronous-copy";

    @jakarta.inject.Inject
    jakarta.servlet.ServletContext servletContext;

    private boolean enabled;

    @jakarta.annotation.PostConstruct
    void readSetting() {
        enabled = !"false".equalsIgnoreCase(String.valueOf(servletContext.getInitParameter(ENABLED)).trim());
    }

    @Resource(lookup = "java:jboss/infinispan/cache/web/steadfast-carts")
    ConcurrentMap<String, byte[]> carts;

    /** Stores {@code cart} under {@code sessionId}; returns once every node of the cluster has it. */
    public void save(String sessionId, Cart cart) {
        if (!enabled) {
            return;
        }
        synchronized (cart) { // one node's writes of one cart reach the cache in the order they were made
            carts.put(sessionId, cart.snapshot());
        }
    }

    /** The stored cart of {@code sessionId} when it is newer than {@code version} (-1: any), or null. */
    public Cart newerThan(String sessionId, long version) {
        if (!enabled) {
            return null;
        }
        byte[] stored = carts.get(sessionId);
        return stored != null && Cart.versionOf(stored) > version ? Cart.fromSnapshot(stored) : null;
    }

    /**
     * The cart stored under {@code earlierSessionId} (a session the client had and this node does
     * not know), moved to {@code sessionId}; null when there is none.
     */
    public Cart takeOver(String earlierSessionId, String sessionId) {
        if (!enabled) {
            return null;
        }
        byte[] stored = carts.get(earlierSessionId);
        if (stored == null) {
            return null;
        }
        carts.put(sessionId, stored);
        carts.remove(earlierSessionId);
        return Cart.fromSnapshot(stored);
    }

    public void remove(String sessionId) {
        carts.remove(sessionId);
    }

    /** Drops a session's stored cart when the session ends (expires or is invalidated). */
    @WebListener
    public static class SessionEnd implements HttpSessionListener {

        @jakarta.inject.Inject
        CartStore store;

        @Override
        public void sessionDestroyed(HttpSessionEvent se) {
            store.remove(se.getSession().getId());
        }
    }
}
