package io.spfsd.storage.remote;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.function.BiConsumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for S3 requests, as AWS documents it ("Signing AWS API requests"):
 * a canonical request of method, path, host, date and payload hash, signed with a key derived
 * from the secret, date, region and service. Bodies are sent as UNSIGNED-PAYLOAD (their
 * integrity is spfsd's digests' job). Enough for GET, HEAD and PUT of single objects.
 */
final class S3Signer implements HttpStore.Signer {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** Who signs: an access key and its secret, an optional session token, and the region. */
    record Credentials(String accessKey, String secret, String sessionToken, String region) {
    }

    private final Credentials credentials;

    S3Signer(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void sign(BiConsumer<String, String> header, String method, URI uri) {
        sign(header, method, uri, ZonedDateTime.now(ZoneOffset.UTC));
    }

    void sign(BiConsumer<String, String> header, String method, URI uri, ZonedDateTime now) {
        String amzDate = AMZ_DATE.format(now);
        String date = amzDate.substring(0, 8);
        String payload = method.equals("PUT") ? "UNSIGNED-PAYLOAD" : EMPTY_SHA256;
        String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        StringBuilder headers = new StringBuilder("host:" + host + "\nx-amz-content-sha256:" + payload
                + "\nx-amz-date:" + amzDate + "\n");
        String signed = "host;x-amz-content-sha256;x-amz-date";
        if (credentials.sessionToken() != null) {
            headers.append("x-amz-security-token:").append(credentials.sessionToken()).append('\n');
            signed += ";x-amz-security-token";
            header.accept("x-amz-security-token", credentials.sessionToken());
        }
        String canonical = method + "\n" + uri.getRawPath() + "\n" + (uri.getRawQuery() == null ? "" : uri.getRawQuery())
                + "\n" + headers + "\n" + signed + "\n" + payload;
        String scope = date + "/" + credentials.region() + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical));
        byte[] key = hmac(("AWS4" + credentials.secret()).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, credentials.region());
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        String signature = hex(hmac(key, toSign));
        header.accept("x-amz-date", amzDate);
        header.accept("x-amz-content-sha256", payload);
        header.accept("Authorization", "AWS4-HMAC-SHA256 Credential=" + credentials.accessKey() + "/" + scope
                + ", SignedHeaders=" + signed + ", Signature=" + signature);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
