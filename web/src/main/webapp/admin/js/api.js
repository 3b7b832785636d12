// The admin API (/api/v1/admin), as the console calls it. Every failure becomes an ApiError with
// the problem document's title and detail (RFC 9457), never the raw body.

const BASE = '/api/v1/admin';

export class ApiError extends Error {
    constructor(status, title, detail) {
        super(detail ? `${title}: ${detail}` : title);
        this.status = status;
        this.title = title;
        this.detail = detail || '';
    }
}

/** A session that ended (or never began): sign in again, then come back to this view. */
function signInAgain() {
    window.location.assign('/admin/' + window.location.hash);
}

async function problemOf(response) {
    const type = response.headers.get('Content-Type') || '';
    if (type.includes('json')) {
        try {
            const p = await response.json();
            if (p && (p.title || p.detail)) {
                return new ApiError(response.status, p.title || `HTTP ${response.status}`, p.detail);
            }
        } catch (e) {
            // not a problem document after all: described below by its status
        }
    }
    const words = {
        401: ['Signed out', 'Your session has ended. Sign in again.'],
        403: ['Not allowed', 'Your role may not do this.'],
        404: ['Not available', 'The server does not offer this yet, or the item is gone.'],
        502: ['Server unreachable', 'The proxy in front of the server got no answer.'],
        503: ['Unavailable', 'The server cannot answer now.'],
        504: ['Timed out', 'The server did not answer in time.'],
    }[response.status] || [`Request failed (HTTP ${response.status})`, response.statusText || ''];
    return new ApiError(response.status, words[0], words[1]);
}

/**
 * Calls the API; resolves to the parsed JSON (null for 204), rejects with an ApiError.
 * {@code okStatuses} lists statuses besides 2xx whose body is a normal answer (the vault's 503).
 */
export async function call(method, path, body, okStatuses = []) {
    let response;
    try {
        response = await fetch(BASE + path, {
            method,
            credentials: 'same-origin',
            // The custom header marks the console's own calls: a page on another site cannot send it
            // without a CORS preflight, which the server does not grant, so a server that requires it
            // on a session's POST is safe from cross-site requests.
            headers: Object.assign({'Accept': 'application/json', 'X-Requested-With': 'steadfast-console'},
                body === undefined ? {} : {'Content-Type': 'application/json'}),
            body: body === undefined ? undefined : JSON.stringify(body),
            redirect: 'manual',
        });
    } catch (e) {
        throw new ApiError(0, 'Server unreachable', 'No answer from the server: check that it runs, then refresh.');
    }
    if (response.type === 'opaqueredirect' || response.status === 401) {
        signInAgain();
        throw new ApiError(401, 'Signed out', 'Your session has ended. Sign in again.');
    }
    const type = response.headers.get('Content-Type') || '';
    if (response.ok || okStatuses.includes(response.status)) {
        if (response.status === 204) {
            return null;
        }
        if (type.includes('text/html')) {
            // The sign-in page in place of an answer: the session ended.
            signInAgain();
            throw new ApiError(401, 'Signed out', 'Your session has ended. Sign in again.');
        }
        return response.json();
    }
    throw await problemOf(response);
}

export const get = (path, okStatuses) => call('GET', path, undefined, okStatuses);
export const post = (path, body) => call('POST', path, body || {});

export function signOut() {
    return call('POST', '/session/logout', {}).catch(() => null).then(signInAgain);
}
