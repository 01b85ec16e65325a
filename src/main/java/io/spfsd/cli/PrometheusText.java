package io.spfsd.cli;

import io.spfsd.control.Protocol;
import java.util.Locale;
import java.util.Map;

/** Renders a status in the Prometheus text exposition format, for `status --prometheus`. */
final class PrometheusText {
    private final StringBuilder out = new StringBuilder();

    private PrometheusText() {
    }

    static String render(Protocol.Status s) {
        PrometheusText p = new PrometheusText();
        Map<String, Object> m = s.metrics();
        p.metric("spfsd_uptime_seconds", "gauge", "Seconds since the daemon started.", s.uptimeSeconds());
        p.metric("spfsd_active_mounts", "gauge", "Registered runtimes.", s.activeMounts());
        p.metric("spfsd_open_handles", "gauge", "Files and root listings open through the mount.", s.openHandles());
        p.metric("spfsd_nodes", "gauge", "Node ids the kernel holds.", s.nodes());
        p.metric("spfsd_routing_requests_total", "counter", "Requests that needed the routing decision.",
                m.get("lookup_count"));
        p.metric("spfsd_routing_cache_hits_total", "counter", "Routing decisions served by the ancestry cache.",
                m.get("cache_hits"));
        p.metric("spfsd_routing_cache_misses_total", "counter", "Routing decisions that read /proc.",
                m.get("cache_misses"));
        p.metric("spfsd_routing_cache_hit_ratio", "gauge", "cache_hits / (cache_hits + cache_misses).",
                m.get("cache_hit_rate"));
        p.metric("spfsd_routing_route_lookups_total", "counter", "Walks of the routes along an ancestry.",
                m.get("route_lookups"));
        if (m.get("ops") instanceof Map<?, ?> ops && !ops.isEmpty()) {
            p.header("spfsd_fuse_requests_total", "counter", "FUSE requests by operation.");
            ops.forEach((op, v) -> p.sample("spfsd_fuse_requests_total", op, ((Map<?, ?>) v).get("count")));
            p.header("spfsd_fuse_request_mean_microseconds", "gauge", "Mean time in the daemon per request.");
            ops.forEach((op, v) -> p.sample("spfsd_fuse_request_mean_microseconds", op, ((Map<?, ?>) v).get("mean_us")));
            p.header("spfsd_fuse_request_max_microseconds", "gauge", "Recent maximum time per request.");
            ops.forEach((op, v) -> p.sample("spfsd_fuse_request_max_microseconds", op, ((Map<?, ?>) v).get("max_us")));
        }
        return p.out.toString();
    }

    private void metric(String name, String type, String help, Object value) {
        if (value == null) {
            return;
        }
        header(name, type, help);
        out.append(name).append(' ').append(number(value)).append('\n');
    }

    private void header(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, Object op, Object value) {
        out.append(name).append("{op=\"").append(op).append("\"} ").append(number(value)).append('\n');
    }

    private static String number(Object v) {
        return v instanceof Double || v instanceof Float
                ? String.format(Locale.ROOT, "%s", ((Number) v).doubleValue())
                : String.valueOf(v);
    }
}
