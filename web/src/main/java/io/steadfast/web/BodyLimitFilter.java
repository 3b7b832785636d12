package io.steadfast.web;

import io.steadfast.web.problem.Problem;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Refuses request bodies over {@value ApiSettings#MAX_BODY_BYTES} bytes (default 64 KiB:
 * a payment is a few hundred bytes) under {@code /api/*} with {@code 413} and a problem document
 * naming the limit. Before, only Undertow's 10 MB max-post-size applied, and it answered with an
 * empty 400 or dropped the connection. A declared Content-Length over the limit is refused before
 * anything is read; a body of unknown length (chunked) is read up to the limit, and handed on
 * from memory if it fits.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class BodyLimitFilter implements Filter {

    private long limit = ApiSettings.DEFAULT_MAX_BODY_BYTES;

    /**
     * Reads the limit ({@link ApiSettings#MAX_BODY_BYTES}) when the web module starts; a value that
     * is not a whole number in range stops the deployment with the setting's name, rather than
     * letting the API run with a limit nobody chose.
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        try {
            limit = ApiSettings.current().maxBodyBytes();
        } catch (IllegalArgumentException e) {
            throw new ServletException("The request body limit cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        long declared = req.getContentLengthLong();
        if (declared > limit) {
            refuse(req, (HttpServletResponse) response);
            return;
        }
        if (declared < 0 && mayHaveBody(req)) {
            byte[] body = readAtMost(req.getInputStream(), limit + 1);
            if (body.length > limit) {
                refuse(req, (HttpServletResponse) response);
                return;
            }
            chain.doFilter(new BufferedBody(req, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean mayHaveBody(HttpServletRequest req) {
        return req.getHeader("Transfer-Encoding") != null || !"HTTP/1.1".equals(req.getProtocol()) && !"HTTP/1.0".equals(req.getProtocol());
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while (out.size() < max && (n = in.read(buf, 0, (int) Math.min(buf.length, max - out.size()))) != -1) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Problem problem = Problem.of(413, "payload-too-large", "Payload too large",
                "The request body is larger than the limit of " + limit + " bytes for this API.");
        response.setStatus(413);
        response.setContentType(Problem.MEDIA_TYPE);
        if (request.getProtocol().startsWith("HTTP/1.")) {
            // The rest of the body is not read: close rather than drain it. (HTTP/2 resets only
            // this stream; a Connection header there would end every stream of the connection.)
            response.setHeader("Connection", "close");
        }
        byte[] json = JsonbResolver.JSONB.toJson(problem).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    /** The request with its body read into memory already. */
    private static final class BufferedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    try {
                        listener.onDataAvailable();
                        listener.onAllDataRead();
                    } catch (IOException e) {
                        listener.onError(e);
                    }
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String enc = getCharacterEncoding();
            Charset cs = enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), cs));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
