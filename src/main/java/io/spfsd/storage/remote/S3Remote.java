package io.spfsd.storage.remote;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * s3://bucket/prefix as a store: an S3-compatible API (AWS S3, GCS, MinIO, Ceph), the
 * repository format under the prefix. Endpoint, region and credentials come from the standard
 * AWS environment (AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, AWS_REGION or AWS_DEFAULT_REGION,
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), else ~/.aws/credentials (profile
 * $AWS_PROFILE or default). A given endpoint is addressed path-style (what MinIO and most
 * S3-compatible servers want); AWS itself virtual-host style.
 */
final class S3Remote {
    private S3Remote() {
    }

    static ObjectStore open(URI url, Map<String, String> env, Path home, Duration timeout) {
        String bucket = url.getHost();
        if (bucket == null || bucket.isBlank()) {
            throw new Remotes.BadRemote("an s3 remote names a bucket: s3://BUCKET/PREFIX (got " + url + ")");
        }
        String prefix = url.getPath() == null ? "" : url.getPath().replaceAll("^/+|/+$", "");
        Map<String, String> file = credentialsFile(home.resolve(".aws/credentials"),
                env.getOrDefault("AWS_PROFILE", "default"));
        String key = env.getOrDefault("AWS_ACCESS_KEY_ID", file.get("aws_access_key_id"));
        String secret = env.getOrDefault("AWS_SECRET_ACCESS_KEY", file.get("aws_secret_access_key"));
        if (key == null || secret == null) {
            throw new Remotes.BadRemote("no credentials for " + url + ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
                    + " or add them to ~/.aws/credentials");
        }
        String token = env.getOrDefault("AWS_SESSION_TOKEN", file.get("aws_session_token"));
        String region = env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
        String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_S3", env.get("AWS_ENDPOINT_URL"));
        String base = endpoint != null
                ? endpoint.replaceAll("/+$", "") + "/" + bucket + "/" + prefix
                : "https://" + bucket + ".s3." + region + ".amazonaws.com/" + prefix;
        S3Signer signer = new S3Signer(new S3Signer.Credentials(key, secret, token, region));
        return new HttpStore(base.endsWith("/") ? base : base + "/", timeout, signer) {
            @Override
            public String name() {
                return url.toString();
            }
        };
    }

    /** The key = value lines of one [profile] of an AWS credentials file; empty if none. */
    static Map<String, String> credentialsFile(Path file, String profile) {
        Map<String, String> out = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return out;
        }
        boolean in = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                in = line.equals("[" + profile + "]");
            } else if (in && line.contains("=")) {
                int eq = line.indexOf('=');
                out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return out;
    }
}
