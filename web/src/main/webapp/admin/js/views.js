// The console's views. Each one loads its data, draws it, and draws an error in place when a
// request fails. Actions go through the reason dialog and reload the view afterwards.
import {get, post} from './api.js';
import {age, badge, clock, count, empty, errorBanner, h, loading, money, readable, time, toast} from './dom.js';
import {openAction} from './dialog.js';
import {lineChart, perMinute} from './charts.js';

const STUCK_STATES = ['PENDING', 'UNKNOWN', 'NEEDS_OPERATOR'];

function head(title, text, onRefresh, extraTools) {
    const updated = h('span', {class: 'muted', 'data-testid': 'updated'}, `Updated ${clock()}`);
    return h('div', {class: 'view-head'},
        h('div', {}, h('h1', {}, title), text ? h('p', {}, text) : null),
        h('div', {class: 'view-tools'}, extraTools || null, updated,
            h('button', {type: 'button', class: 'button', onclick: onRefresh, 'data-testid': 'refresh'}, 'Refresh')));
}

function table(columns, rows) {
    return h('table', {class: 'data'},
        h('thead', {}, h('tr', {}, columns.map(c => h('th', {class: c.num ? 'num' : null}, c.label)))),
        h('tbody', {}, rows));
}

function outcomeToast(result, what) {
    if (result && result.outcome === 'STILL_IN_DOUBT') {
        toast(`${what}: still in doubt`, 'warn', result.detail || 'Recovery could not settle it yet: look at the participants.');
    } else {
        toast(`${what}: ${result && result.outcome === 'RESOLVED' ? 'resolved' : 'done'}`, 'ok', result && result.detail ? result.detail : null);
    }
}

/**
 * The last scrub (or rebuild), from the audit trail: each is an audited action whose "after" is
 * its report. Null when none is among the last 200 entries or the trail cannot be read.
 */
async function lastScrub() {
    try {
        const page = await get('/audit?limit=200');
        const e = page.entries.find(x => x.action === 'vault.scrub' || x.action === 'vault.rebuild');
        if (!e) return null;
        let report = e.after;
        try { report = typeof report === 'string' ? JSON.parse(report) : report; } catch (err) { report = null; }
        return {at: e.at, actor: e.actor, action: e.action, report};
    } catch (err) {
        return null;
    }
}

function lastScrubLine(last) {
    if (!last) {
        return h('div', {class: 'sub', 'data-testid': 'last-scrub'}, 'Last scrub: none recorded in the audit trail.');
    }
    const r = last.report || {};
    const what = last.action === 'vault.rebuild' ? 'Last rebuild' : 'Last scrub';
    return h('div', {class: 'sub', 'data-testid': 'last-scrub'}, `${what}: ${time(last.at)} by ${last.actor}`,
        r.chunksChecked !== undefined ? ` (${count(r.chunksChecked)} chunks checked, ${count(r.errorsFound)} errors, `
            + `${count(r.repaired)} repaired, ${(r.unrecoverable || []).length} unrecoverable)` : '');
}

// ---------------------------------------------------------------- overview

export const overview = {
    title: 'Overview',
    refreshSeconds: 15,
    async render(main, ctx) {
        let now, history, last;
        try {
            [now, history, last] = await Promise.all([get('/overview'), get('/overview/history'), lastScrub()]);
        } catch (e) {
            main.replaceChildren(head('Overview', null, () => ctx.reload()), errorBanner(e, 'The overview could not be read'));
            return;
        }
        ctx.setNode(now.node);
        ctx.setCount('in-doubt', now.inDoubt);
        const points = history.points.concat([now]);
        const times = points.map(p => Math.floor(Date.parse(p.at) / 1000));
        const stuck = p => STUCK_STATES.reduce((n, s) => n + Math.max(0, p.payments[s] || 0), 0);

        const alerts = [];
        if (now.vault.status === 'DOWN') {
            alerts.push(h('div', {class: 'banner error', role: 'alert'}, h('strong', {}, 'The vault is DOWN: payments cannot be taken.'),
                h('p', {}, (now.vault.problems.concat(now.vault.disks.filter(d => d.state === 'LOST').map(d => `disk ${d.index}: ${d.reason}`))).join('; ')
                    || 'See the Vault view.')));
        } else if (now.vault.status === 'DEGRADED') {
            alerts.push(h('div', {class: 'banner warn'}, h('strong', {}, 'The vault is DEGRADED: '),
                'it serves every object, with less redundancy. ', h('a', {href: '#vault'}, 'Open the Vault view'), ' to rebuild the lost disk.'));
        }
        if (now.inDoubt > 0) {
            alerts.push(h('div', {class: 'banner warn'}, h('strong', {}, `${now.inDoubt} transaction(s) in doubt. `),
                'Recovery retries them every few seconds; ', h('a', {href: '#in-doubt'}, 'review them'), ' if they stay.'));
        }
        if ((now.payments.NEEDS_OPERATOR || 0) > 0) {
            alerts.push(h('div', {class: 'banner warn'}, h('strong', {}, `${now.payments.NEEDS_OPERATOR} payment(s) need an operator. `),
                h('a', {href: '#stuck'}, 'Settle them'), ' after checking with the acquirer.'));
        }

        const vaultCard = h('section', {class: 'card', 'data-testid': 'vault-card'},
            h('h3', {}, 'Vault'),
            h('div', {}, badge(now.vault.status)),
            h('ul', {class: 'disks'}, now.vault.disks.map(d =>
                h('li', {'data-testid': 'disk'}, h('strong', {}, `Disk ${d.index} `), badge(d.state, d.state === 'LOST' ? 'LOST' : 'IN SERVICE'),
                    h('span', {class: 'sub mono path'}, d.path),
                    d.reason ? h('span', {class: 'sub path'}, d.reason) : null))),
            now.vault.disks.length === 0 ? h('div', {class: 'sub'}, 'The disk list could not be read.') : null,
            now.vault.problems.map(p => h('div', {class: 'sub'}, p)),
            lastScrubLine(last),
            h('div', {class: 'figure-row', style: 'margin-top:10px'},
                h('div', {}, h('div', {class: 'label'}, 'Repairs'), h('div', {class: 'figure'}, count(now.vault.repairs))),
                h('div', {}, h('div', {class: 'label'}, 'Recovered branches'), h('div', {class: 'figure'}, count(now.vault.recoveredBranches)))));

        const txChart = h('div', {class: 'chart'});
        const tx = now.transactions;
        const txCard = h('section', {class: 'card'},
            h('h3', {}, 'Transactions'),
            h('div', {class: 'figure-row'},
                h('div', {}, h('div', {class: 'label'}, 'Committed'), h('div', {class: 'figure'}, count(tx.committed))),
                h('div', {}, h('div', {class: 'label'}, 'Rolled back'), h('div', {class: 'figure'}, count(tx.aborted))),
                h('div', {}, h('div', {class: 'label'}, 'Heuristic'), h('div', {class: 'figure', style: tx.heuristics > 0 ? 'color:var(--bad)' : null}, count(tx.heuristics))),
                h('div', {}, h('div', {class: 'label'}, 'In flight'), h('div', {class: 'figure'}, count(tx.inFlight)))),
            h('div', {class: 'chart-title'}, 'Per minute, last hour'), txChart);

        const recoveryChart = h('div', {class: 'chart'});
        const recoveryCard = h('section', {class: 'card'},
            h('h3', {}, 'Recovery'),
            h('div', {class: 'figure-row'},
                h('div', {}, h('div', {class: 'label'}, 'In doubt'),
                    h('div', {class: 'figure', 'data-testid': 'in-doubt-figure', style: now.inDoubt > 0 ? 'color:var(--warn)' : null}, count(now.inDoubt))),
                h('div', {}, h('div', {class: 'label'}, 'Stuck payments'), h('div', {class: 'figure'}, count(stuck(now)))),
                h('div', {}, h('div', {class: 'label'}, 'Timed out'), h('div', {class: 'figure'}, count(tx.timedOut)))),
            h('div', {class: 'chart-title'}, 'Last hour'), recoveryChart);

        const paymentsChart = h('div', {class: 'chart'});
        const states = Object.keys(now.payments);
        const paymentsCard = h('section', {class: 'card'},
            h('h3', {}, 'Payments per state'),
            h('table', {class: 'data compact'}, h('tbody', {}, states.map(s =>
                h('tr', {}, h('td', {}, badge(s)), h('td', {class: 'num'}, count(now.payments[s])))))),
            h('div', {class: 'chart-title'}, 'Taken per minute, last hour'), paymentsChart);

        main.replaceChildren(
            head('Overview', `Node ${now.node}. Figures since the server started; charts from samples taken once a minute.`, () => ctx.reload()),
            ...alerts,
            h('div', {class: 'grid'}, vaultCard, txCard, recoveryCard, paymentsCard));

        lineChart(txChart, times, [
            {label: 'committed', values: perMinute(points, p => p.transactions.committed), colour: '--ok'},
            {label: 'rolled back', values: perMinute(points, p => p.transactions.aborted), colour: '--warn'},
            {label: 'heuristic', values: perMinute(points, p => p.transactions.heuristics), colour: '--bad'}]);
        lineChart(recoveryChart, times, [
            {label: 'in doubt', values: points.map(p => p.inDoubt < 0 ? null : p.inDoubt), colour: '--warn'},
            {label: 'stuck', values: points.map(stuck), colour: '--bad'}]);
        lineChart(paymentsChart, times, [
            {label: 'payments', values: perMinute(points, p => Object.values(p.payments).reduce((a, b) => a + Math.max(0, b), 0)), colour: '--accent'}]);
    },
};

// ---------------------------------------------------------------- in doubt

function participantLine(tx, p, ctx, reload) {
    const heuristic = String(p.status || '').startsWith('HEURISTIC');
    return h('li', {'data-testid': 'participant'},
        badge(p.status),
        h('span', {}, p.product || p.jndiName || 'resource'),
        p.jndiName && p.product ? h('span', {class: 'sub mono'}, p.jndiName) : null,
        heuristic && ctx.canAct ? h('button', {type: 'button', class: 'button small danger-outline', 'data-testid': 'forget',
            onclick: async () => {
                const r = await openAction({
                    title: 'Forget a heuristic outcome',
                    text: 'Narayana forgets this participant\'s heuristic decision and removes it from the log. Do this only once you '
                        + 'have checked the resource by hand and its data is right: nothing will settle it afterwards.',
                    facts: [['Transaction', tx.transactionId], ['Participant', `${p.product || ''} ${p.jndiName || ''} (${p.status})`]],
                    destructive: true,
                    confirmText: 'I checked the resource by hand; forget this participant.',
                    submitLabel: 'Forget participant',
                    run: reason => post(`/in-doubt/${encodeURIComponent(tx.transactionId)}/forget`,
                        {participantId: p.id, reason, confirm: true}),
                });
                if (r) { outcomeToast(r, 'Forget'); reload(); }
            }}, 'Forget…') : null);
}

export const inDoubt = {
    title: 'In doubt',
    refreshSeconds: 10,
    async render(main, ctx) {
        const intro = 'Transactions Narayana prepared and has not completed: recovery retries them every few seconds. '
            + 'One that stays here needs a look: fix what blocks it (a disk, a database), then recover it now.';
        let list;
        try {
            list = await get('/in-doubt');
        } catch (e) {
            main.replaceChildren(head('In doubt', intro, () => ctx.reload()), errorBanner(e, 'The in-doubt list could not be read'));
            return;
        }
        ctx.setCount('in-doubt', list.length);
        const reload = () => ctx.reload();
        const rows = list.map(tx => {
            const p = tx.payment;
            return h('tr', {'data-testid': 'in-doubt-row', dataset: {transactionId: tx.transactionId, orderId: p ? p.orderId : ''}},
                h('td', {}, h('div', {class: 'mono', title: tx.transactionId}, tx.transactionId),
                    h('div', {class: 'sub'}, `in doubt for ${age(tx.ageSeconds)}`), tx.operation ? h('div', {class: 'sub'}, `Operation: ${tx.operation}`) : null),
                h('td', {}, p ? [
                    h('div', {}, h('strong', {}, money(p.amountMinor, p.currency)), ' ', badge(p.state)),
                    h('div', {class: 'sub'}, 'Order ', h('span', {class: 'mono', 'data-testid': 'order-id'}, p.orderId)),
                    h('div', {class: 'sub'}, 'Payment ', h('span', {class: 'mono'}, p.id)),
                    h('div', {class: 'sub'}, 'Idempotency key ', h('span', {class: 'mono'}, p.idempotencyKey)),
                ] : h('span', {class: 'muted'}, 'No payment recorded with this transaction')),
                h('td', {}, h('ul', {class: 'participants'}, (tx.participants || []).map(part => participantLine(tx, part, ctx, reload)))),
                h('td', {class: 'actions'}, ctx.canAct ? h('button', {type: 'button', class: 'button primary', 'data-testid': 'recover',
                    onclick: async () => {
                        const r = await openAction({
                            title: 'Recover this transaction now',
                            text: 'Runs a recovery pass for this transaction now and waits for its outcome. Narayana completes it as it '
                                + 'decided (commit, once every participant prepared), so nothing is paid twice. Fix what blocked it first.',
                            facts: [['Transaction', tx.transactionId]].concat(p ? [['Payment', `${money(p.amountMinor, p.currency)}, order ${p.orderId}`]] : []),
                            submitLabel: 'Recover now',
                            run: reason => post(`/in-doubt/${encodeURIComponent(tx.transactionId)}/recover`, {reason}),
                        });
                        if (r) { outcomeToast(r, 'Recovery'); reload(); }
                    }}, 'Recover now') : null));
        });
        main.replaceChildren(head('In doubt', intro, () => ctx.reload()),
            list.length === 0
                ? empty('Nothing in doubt', 'Narayana\'s log store holds no unfinished transaction.', 'in-doubt-empty')
                : table([{label: 'Transaction'}, {label: 'Payment'}, {label: 'Participants'}, {label: ''}], rows));
    },
};

// ---------------------------------------------------------------- stuck payments

export const stuck = {
    title: 'Stuck payments',
    refreshSeconds: 20,
    async render(main, ctx) {
        const intro = 'Card payments whose outcome is not known: PENDING or UNKNOWN ones the janitor is still asking the acquirer '
            + 'about, and NEEDS_OPERATOR ones it gave up on. Settle one only after the acquirer told you what happened.';
        let list;
        try {
            list = await get('/payments/stuck');
        } catch (e) {
            main.replaceChildren(head('Stuck payments', intro, () => ctx.reload()), errorBanner(e, 'The stuck payments could not be read'));
            return;
        }
        ctx.setCount('stuck', list.length);
        const settle = p => openAction({
            title: 'Settle a payment by hand',
            text: 'Records the outcome the acquirer gave you. APPROVED: the acquirer took the money (or holds it for an '
                + 'authorization). DECLINED: it did not. The janitor stops asking about this payment.',
            facts: [['Payment', p.id], ['Order', p.orderId], ['Amount', money(p.amountMinor, p.currency)], ['State', p.state]],
            destructive: true,
            confirmText: 'The acquirer confirmed this outcome to me.',
            submitLabel: 'Settle payment',
            extra: container => {
                const reference = h('input', {type: 'text', id: 'dialog-reference', maxlength: '255', 'data-testid': 'acquirer-reference',
                    placeholder: 'The acquirer\'s reference for the charge, if it gave one'});
                const referenceRow = h('div', {hidden: true}, h('label', {for: 'dialog-reference'}, 'Acquirer reference ',
                    h('span', {class: 'muted'}, '(optional)')), reference);
                const choice = (name, tone) => h('label', {}, h('input', {type: 'radio', name: 'outcome', value: name, checked: name === 'DECLINED',
                    'data-testid': `outcome-${name}`, onchange: () => { referenceRow.hidden = name !== 'APPROVED'; }}), badge(tone, name));
                container.append(h('label', {}, 'What the acquirer said'),
                    h('div', {class: 'radio-row'}, choice('APPROVED', 'CAPTURED'), choice('DECLINED', 'FAILED')), referenceRow);
                return () => {
                    const outcome = container.querySelector('input[name=outcome]:checked').value;
                    return {outcome, acquirerReference: outcome === 'APPROVED' && reference.value.trim() ? reference.value.trim() : undefined};
                };
            },
            run: (reason, choice) => post(`/payments/${encodeURIComponent(p.id)}/settle`,
                {outcome: choice.outcome, acquirerReference: choice.acquirerReference, reason, confirm: true}),
        }).then(r => { if (r) { toast(`Payment ${r.id || ''} settled: ${r.state || 'done'}`); ctx.reload(); } });
        main.replaceChildren(head('Stuck payments', intro, () => ctx.reload()),
            list.length === 0
                ? empty('No stuck payments', 'Every payment has a known outcome.', 'stuck-empty')
                : table([{label: 'Payment'}, {label: 'Amount', num: true}, {label: 'State'}, {label: 'Age'}, {label: 'Attempts', num: true}, {label: ''}],
                    list.map(p => h('tr', {'data-testid': 'stuck-row', dataset: {paymentId: p.id}},
                        h('td', {}, h('div', {class: 'mono'}, p.id), h('div', {class: 'sub'}, `Order ${p.orderId} · ${p.method || ''}`)),
                        h('td', {class: 'num'}, money(p.amountMinor, p.currency)),
                        h('td', {}, badge(p.state)),
                        h('td', {}, age(p.ageSeconds), h('div', {class: 'sub'}, time(p.createdAt))),
                        h('td', {class: 'num'}, count(p.attempts)),
                        h('td', {class: 'actions'}, ctx.canAct ? h('button', {type: 'button', class: 'button danger-outline', onclick: () => settle(p),
                            'data-testid': 'settle'}, 'Settle…') : null)))));
    },
};

// ---------------------------------------------------------------- vault

/** The scrub in progress (kept while the operator looks at other views). */
const scrubState = {running: false, startedAt: null, report: null, error: null};

function scrubReport(r) {
    const clean = r.errorsFound === 0 && (r.unrecoverable || []).length === 0;
    return h('div', {class: `banner ${clean ? 'ok' : (r.unrecoverable || []).length ? 'error' : 'warn'}`, 'data-testid': 'scrub-report'},
        h('strong', {}, clean ? 'Scrub finished: every chunk verified, nothing to repair.'
            : (r.unrecoverable || []).length ? 'Scrub finished: some objects could not be rebuilt.' : 'Scrub finished: damaged chunks were repaired.'),
        h('dl', {class: 'facts', style: 'margin-top:8px'},
            h('dt', {}, 'Objects'), h('dd', {}, count(r.objects)),
            h('dt', {}, 'Chunks checked'), h('dd', {}, count(r.chunksChecked)),
            h('dt', {}, 'Errors found'), h('dd', {}, count(r.errorsFound)),
            h('dt', {}, 'Repaired'), h('dd', {}, count(r.repaired)),
            h('dt', {}, 'Unrecoverable'), h('dd', {}, (r.unrecoverable || []).length ? (r.unrecoverable || []).join(', ') : 'none')));
}

const STATISTICS = [
    ['prepares', 'Branches prepared'], ['twoPhaseCommits', 'Two-phase commits'], ['onePhaseCommits', 'One-phase commits'],
    ['rollbacks', 'Rollbacks'], ['readOnlyPrepares', 'Read-only prepares'], ['recoveredBranches', 'Branches recovered at start'],
    ['repairs', 'Chunks repaired'], ['journalForces', 'Journal forces'], ['journalBatches', 'Journal batches'],
];

export const vault = {
    title: 'Vault',
    refreshSeconds: 30,
    async render(main, ctx) {
        const intro = 'The redundant store of receipts. DEGRADED: a disk is lost and every object is still served; rebuild the disk '
            + 'once its directory is back (empty). Scrub reads every chunk and repairs damaged ones from redundancy.';
        let status, disks, last;
        try {
            [status, disks, last] = await Promise.all([get('/vault', [503]), get('/overview').then(o => o.vault.disks), lastScrub()]);
        } catch (e) {
            main.replaceChildren(head('Vault', intro, () => ctx.reload()), errorBanner(e, 'The vault\'s state could not be read'));
            return;
        }
        const startScrub = () => openAction({
            title: 'Scrub the vault now',
            text: 'Reads and verifies every chunk on every disk and rewrites damaged ones from redundancy. It runs at full speed '
                + 'and takes a while on a large vault; payments go on meanwhile.',
            submitLabel: 'Start scrub',
            run: async reason => {
                scrubState.running = true;
                scrubState.startedAt = new Date();
                scrubState.report = null;
                scrubState.error = null;
                post('/vault/scrub?bytesPerSecond=0', {reason})
                    .then(r => { scrubState.report = r; toast('Scrub finished'); })
                    .catch(e => { scrubState.error = e; toast('Scrub failed', 'bad', e.detail); })
                    .finally(() => { scrubState.running = false; ctx.reload('vault'); });
                return true;
            },
        }).then(started => { if (started) ctx.reload(); });
        const rebuild = d => openAction({
            title: `Rebuild disk ${d.index}`,
            text: 'Restores full redundancy onto this disk: every object\'s chunk for it is written again from the other disks. '
                + 'Use it after the disk\'s directory was replaced by an empty one.',
            facts: [['Disk', `${d.index}: ${d.path}`], ['State', d.state + (d.reason ? ` (${d.reason})` : '')]],
            destructive: true,
            confirmText: `Rewrite disk ${d.index} from the other disks.`,
            submitLabel: 'Rebuild disk',
            run: reason => post(`/vault/disks/${d.index}/rebuild`, {reason, confirm: true}),
        }).then(r => { if (r) { toast(`Disk ${d.index} rebuilt`, 'ok', `${count(r.repaired)} chunk(s) written`); ctx.reload(); } });

        const scrubPanel = scrubState.running
            ? h('div', {class: 'banner info', 'data-testid': 'scrub-running'}, h('strong', {}, h('span', {class: 'spinner'}), ' Scrub running'),
                h('p', {}, `Started at ${clock(scrubState.startedAt)}. The report appears here when it ends.`), h('div', {class: 'progress'}, h('div', {})))
            : scrubState.error ? errorBanner(scrubState.error, 'The scrub failed')
                : scrubState.report ? scrubReport(scrubState.report) : null;

        const stats = status.statistics || {};
        main.replaceChildren(
            head('Vault', intro, () => ctx.reload(), ctx.canAct ? h('button', {type: 'button', class: 'button primary', onclick: startScrub,
                disabled: scrubState.running, 'data-testid': 'scrub'}, scrubState.running ? 'Scrub running…' : 'Scrub now') : null),
            h('div', {class: 'card', style: 'margin-bottom:14px'}, h('h3', {}, 'State'), badge(status.status),
                status.problems.map(p => h('div', {class: 'sub'}, p)),
                status.offlineDisks.map(p => h('div', {class: 'sub'}, p)), lastScrubLine(last)),
            scrubPanel,
            table([{label: 'Disk'}, {label: 'Directory'}, {label: 'State'}, {label: ''}], disks.map(d =>
                h('tr', {'data-testid': 'disk-row'},
                    h('td', {}, `Disk ${d.index}`), h('td', {class: 'mono'}, d.path),
                    h('td', {}, badge(d.state, d.state === 'LOST' ? 'LOST' : 'IN SERVICE'), d.reason ? h('div', {class: 'sub'}, d.reason) : null),
                    h('td', {class: 'actions'}, ctx.canAct ? h('button', {type: 'button', class: 'button danger-outline', onclick: () => rebuild(d),
                        'data-testid': 'rebuild'}, 'Rebuild…') : null)))),
            h('h2', {style: 'margin-top:20px'}, 'Counters since the vault opened'),
            table([{label: 'Counter'}, {label: 'Value', num: true}], STATISTICS.map(([k, label]) =>
                h('tr', {}, h('td', {}, label), h('td', {class: 'num'}, count(stats[k]))))));
    },
};

// ---------------------------------------------------------------- quarantine

export const quarantine = {
    title: 'Quarantine',
    refreshSeconds: 30,
    async render(main, ctx) {
        const intro = 'Database rows that failed their integrity codes beyond repair. The API refuses to serve them. Restore the row '
            + 'from a backup or from the vault\'s receipt (README, "Integrity of payment rows"), then release it here.';
        let rows;
        try {
            rows = await get('/quarantine');
        } catch (e) {
            main.replaceChildren(head('Quarantine', intro, () => ctx.reload()), errorBanner(e, 'The quarantine could not be read'));
            return;
        }
        ctx.setCount('quarantine', rows.length);
        const release = r => openAction({
            title: 'Release a repaired row',
            text: 'Takes the row out of quarantine so the API serves it again. The server checks its integrity codes first '
                + 'and refuses a row that still fails them: repair it before you release it.',
            facts: [['Row', `${r.entity} ${r.id}`], ['Quarantined for', r.reason], ['Since', time(r.detectedAt)]],
            submitLabel: 'Release row',
            run: reason => post(`/quarantine/${encodeURIComponent(r.entity)}/${encodeURIComponent(r.id)}/release`, {reason}),
        }).then(done => { if (done) { toast(`${r.entity} ${r.id} released`); ctx.reload(); } });
        main.replaceChildren(head('Quarantine', intro, () => ctx.reload()),
            rows.length === 0 ? empty('Nothing quarantined', 'Every row read so far passed its integrity codes.', 'quarantine-empty')
                : table([{label: 'Entity'}, {label: 'Row'}, {label: 'Reason'}, {label: 'Detected'}, {label: ''}], rows.map(r =>
                    h('tr', {'data-testid': 'quarantine-row'}, h('td', {}, r.entity), h('td', {class: 'mono'}, r.id),
                        h('td', {}, r.reason), h('td', {}, time(r.detectedAt)),
                        h('td', {class: 'actions'}, ctx.canAct ? h('button', {type: 'button', class: 'button', onclick: () => release(r),
                            'data-testid': 'release'}, 'Release…') : null)))));
    },
};

// ---------------------------------------------------------------- audit

export const audit = {
    title: 'Audit trail',
    refreshSeconds: 30,
    async render(main, ctx) {
        const intro = 'Every operator action, newest first: who, when, what, why, and the state before and after. Each entry is '
            + 'chained to the one before by a keyed MAC, so an entry changed by hand breaks the chain.';
        let verify, page;
        try {
            [verify, page] = await Promise.all([get('/audit/verify'), get('/audit?limit=50')]);
        } catch (e) {
            main.replaceChildren(head('Audit trail', intro, () => ctx.reload()), errorBanner(e, 'The audit trail could not be read'));
            return;
        }
        // The first broken link: {firstBrokenSeq, problem}, or {firstBroken: {seq, problem}}.
        const brokenSeq = verify.firstBrokenSeq ?? (verify.firstBroken ? verify.firstBroken.seq : null);
        const brokenProblem = verify.problem ?? (verify.firstBroken ? verify.firstBroken.problem : null);
        const chain = verify.intact
            ? h('div', {class: 'banner ok', 'data-testid': 'chain-status'}, badge('INTACT'), ' ',
                h('strong', {}, `Chain intact: ${count(verify.entries)} entries verified.`))
            : h('div', {class: 'banner error', role: 'alert', 'data-testid': 'chain-status'}, badge('BROKEN'), ' ',
                h('strong', {}, brokenSeq !== null ? `Chain broken at entry #${brokenSeq}` : 'Chain broken'),
                h('p', {}, brokenProblem || ''),
                h('p', {}, 'An entry was changed or removed outside the application. Keep the database as it is and tell security.'));
        const tbody = h('tbody', {});
        const more = h('button', {type: 'button', class: 'button', 'data-testid': 'older'}, 'Older entries');
        const addRows = entries => {
            for (const e of entries) {
                tbody.append(h('tr', {'data-testid': 'audit-row', dataset: {seq: e.seq}},
                    h('td', {class: 'num'}, `#${e.seq}`),
                    h('td', {}, time(e.at)),
                    h('td', {}, e.actor),
                    h('td', {}, h('strong', {'data-testid': 'audit-action'}, e.action), h('div', {class: 'sub mono'}, e.target)),
                    h('td', {'data-testid': 'audit-reason'}, e.reason),
                    h('td', {}, readable(e.before)),
                    h('td', {}, readable(e.after))));
            }
            more.hidden = entries.length < 50;
        };
        more.addEventListener('click', async () => {
            const last = tbody.lastElementChild;
            more.disabled = true;
            try {
                addRows((await get(`/audit?limit=50&before=${encodeURIComponent(last.dataset.seq)}`)).entries);
            } catch (e) {
                more.replaceWith(errorBanner(e, 'Older entries could not be read'));
            } finally {
                more.disabled = false;
            }
        });
        addRows(page.entries);
        main.replaceChildren(head('Audit trail', intro, () => ctx.reload()), chain,
            ...(page.entries.length === 0
                ? [empty('No operator action yet', 'Actions taken in this console (or through the admin API) appear here.', 'audit-empty')]
                : [h('table', {class: 'data'},
                    h('thead', {}, h('tr', {}, ['#', 'When', 'Who', 'Action', 'Reason', 'Before', 'After'].map(c => h('th', {}, c)))),
                    tbody), h('div', {style: 'margin-top:10px'}, more)]));
    },
};

export const VIEWS = {'overview': overview, 'in-doubt': inDoubt, 'stuck': stuck, 'vault': vault, 'quarantine': quarantine, 'audit': audit};
export {loading};
