// Small DOM helpers: elements are built with text nodes only (no innerHTML), so nothing the
// server returns is ever interpreted as markup.

export function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
        if (v === null || v === undefined || v === false) {
            continue;
        }
        if (k === 'class') {
            el.className = v;
        } else if (k.startsWith('on') && typeof v === 'function') {
            el.addEventListener(k.substring(2), v);
        } else if (k === 'dataset') {
            Object.assign(el.dataset, v);
        } else {
            el.setAttribute(k, v === true ? '' : v);
        }
    }
    append(el, children);
    return el;
}

function append(el, children) {
    for (const c of children) {
        if (c === null || c === undefined || c === false) {
            continue;
        }
        if (Array.isArray(c)) {
            append(el, c);
        } else {
            el.append(c instanceof Node ? c : document.createTextNode(String(c)));
        }
    }
}

/** The colour of a state: ok, warn, bad, info or neutral (''). */
const TONES = {
    UP: 'ok', IN_SERVICE: 'ok', INTACT: 'ok', RESOLVED: 'ok', CAPTURED: 'ok', AUTHORIZED: 'ok',
    DEGRADED: 'warn', PENDING: 'warn', UNKNOWN: 'warn', PREPARED: 'warn', STILL_IN_DOUBT: 'warn', HEURISTIC_HAZARD: 'bad',
    DOWN: 'bad', LOST: 'bad', BROKEN: 'bad', NEEDS_OPERATOR: 'bad', HEURISTIC: 'bad', HEURISTIC_MIXED: 'bad',
    HEURISTIC_COMMIT: 'bad', HEURISTIC_ROLLBACK: 'bad', FAILED: 'bad', DECLINED: 'info',
    REFUNDED: 'info', PARTIALLY_REFUNDED: 'info', VOIDED: 'info', ADMIN: 'info', AUDITOR: 'info',
};

/** A state as a badge: colour and its words (never colour alone). */
export function badge(state, text) {
    const key = String(state || '').toUpperCase();
    return h('span', {class: `badge ${TONES[key] || ''}`, 'data-state': key}, text || key.replaceAll('_', ' '));
}

/** An amount in minor units, in the currency's own digits: 12345 EUR -> "€123.45". */
export function money(amountMinor, currency) {
    try {
        const f = new Intl.NumberFormat(undefined, {style: 'currency', currency});
        const digits = f.resolvedOptions().maximumFractionDigits;
        return f.format(Number(amountMinor) / Math.pow(10, digits));
    } catch (e) {
        return `${amountMinor} ${currency} (minor units)`;
    }
}

export function age(seconds) {
    if (seconds === null || seconds === undefined || seconds < 0) {
        return '—';
    }
    const s = Math.floor(seconds);
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
    if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
    return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

export function time(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'medium'});
}

export function clock(date = new Date()) {
    return date.toLocaleTimeString(undefined, {hour: '2-digit', minute: '2-digit', second: '2-digit'});
}

/** A count that may be unknown (-1). */
export function count(n) {
    return n === null || n === undefined || n < 0 ? '?' : Number(n).toLocaleString();
}

/** An error in place: the problem's title in bold, its detail below. */
export function errorBanner(error, what) {
    return h('div', {class: 'banner error', role: 'alert', 'data-testid': 'error'},
        h('strong', {}, what ? `${what}: ${error.title || 'failed'}` : (error.title || 'Failed')),
        error.detail ? h('p', {}, error.detail) : null);
}

export function empty(title, text, testid) {
    return h('div', {class: 'empty', 'data-testid': testid || 'empty'},
        h('div', {class: 'icon', 'aria-hidden': 'true'}, '\u2713'),
        h('div', {class: 'big'}, title),
        text ? h('div', {class: 'muted'}, text) : null);
}

export function loading(text) {
    return h('div', {class: 'loading'}, h('span', {class: 'spinner'}), ' ', text || 'Loading…');
}

/** Any value (a before/after of the audit trail, a report) as readable key: value lines, never JSON. */
export function readable(value) {
    if (value === null || value === undefined || value === '') {
        return h('span', {class: 'muted'}, '—');
    }
    if (typeof value === 'string') {
        const trimmed = value.trim();
        if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
            try {
                return readable(JSON.parse(trimmed));
            } catch (e) {
                // plain text that looks like JSON: shown as it is
            }
        }
        return h('span', {}, value);
    }
    if (Array.isArray(value)) {
        return value.length === 0 ? h('span', {class: 'muted'}, 'none')
            : h('ul', {class: 'kv'}, value.map(v => h('li', {}, readable(v))));
    }
    if (typeof value === 'object') {
        return h('ul', {class: 'kv'}, Object.entries(value).map(([k, v]) =>
            h('li', {}, h('span', {class: 'k'}, `${k}: `), typeof v === 'object' && v !== null ? readable(v) : String(v))));
    }
    return h('span', {}, String(value));
}

export function toast(text, tone = 'ok', detail) {
    const t = h('div', {class: `toast ${tone}`, role: 'status'}, h('strong', {}, text), detail ? h('div', {class: 'sub'}, detail) : null);
    document.getElementById('toasts').append(t);
    setTimeout(() => t.remove(), tone === 'ok' ? 6000 : 12000);
}
