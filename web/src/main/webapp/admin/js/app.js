// The console's shell: who is signed in, the navigation, periodic refresh of the current view
// and of the counts beside the navigation.
import {get, signOut} from './api.js';
import {badge, errorBanner, loading} from './dom.js';
import {VIEWS} from './views.js';

const main = document.getElementById('main');
let timer = null;
let current = null;
let rendering = Promise.resolve();

const ctx = {
    me: {user: '', roles: [], canAct: false},
    canAct: false,
    /** Draws the current view again (or only if it is {@code name}). */
    reload(name) {
        if (!name || name === current) {
            show(current, false);
        }
    },
    setNode(node) {
        document.getElementById('node').textContent = node ? `Node ${node}` : '';
    },
    setCount(name, n) {
        const el = document.getElementById(`count-${name}`);
        if (el) {
            el.textContent = n === null || n === undefined || n < 0 ? '' : String(n);
            el.classList.toggle('zero', n === 0);
        }
    },
};

function dialogOpen() {
    return document.getElementById('action-dialog').open;
}

function show(name, fresh) {
    const view = VIEWS[name] || VIEWS.overview;
    current = VIEWS[name] ? name : 'overview';
    document.querySelectorAll('.sidenav a').forEach(a => a.classList.toggle('active', a.dataset.view === current));
    document.title = `${view.title} · Steadfast operations`;
    if (fresh) {
        main.replaceChildren(loading());
    }
    clearTimeout(timer);
    const drawn = current;
    rendering = rendering.then(() => view.render(main, ctx)).catch(e => {
        main.replaceChildren(errorBanner({title: 'The view failed to draw', detail: String(e && e.message || e)}));
    }).finally(() => {
        if (drawn === current) {
            clearTimeout(timer);
            timer = setTimeout(function again() {
                // Never redraw under an open dialog: the operator is typing a reason.
                if (dialogOpen()) {
                    timer = setTimeout(again, 2000);
                } else {
                    show(drawn, false);
                }
            }, view.refreshSeconds * 1000);
        }
    });
}

async function counts() {
    // The counts beside the navigation; each view sets its own when it draws.
    const read = (path, f) => get(path).then(f).catch(() => null);
    const [overview, stuck, quarantined] = await Promise.all([read('/overview', o => o),
        read('/payments/stuck', l => l.length), read('/quarantine', l => l.length)]);
    if (overview) {
        ctx.setNode(overview.node);
        ctx.setCount('in-doubt', overview.inDoubt);
    }
    ctx.setCount('stuck', stuck);
    ctx.setCount('quarantine', quarantined);
}

async function start() {
    try {
        ctx.me = await get('/me');
    } catch (e) {
        ctx.me = {user: '', roles: [], canAct: false, error: e};
    }
    ctx.canAct = !!ctx.me.canAct;
    const role = (ctx.me.roles || [])[0] || 'unknown';
    document.getElementById('user').textContent = ctx.me.user ? `Signed in as ${ctx.me.user}` : 'Signed-in user unknown';
    const roleBadge = badge(role.toUpperCase(), role);
    roleBadge.id = 'role';
    roleBadge.dataset.testid = 'role';
    roleBadge.title = ctx.canAct ? 'May look and act' : 'May look, not act';
    document.getElementById('role').replaceWith(roleBadge);
    document.getElementById('readonly-note').hidden = ctx.canAct;
    document.getElementById('sign-out').addEventListener('click', signOut);
    window.addEventListener('hashchange', () => show(location.hash.substring(1), true));
    show(location.hash.substring(1) || 'overview', true);
    counts();
    setInterval(counts, 30000);
}

start();
