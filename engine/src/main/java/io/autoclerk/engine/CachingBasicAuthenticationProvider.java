package io.autoclerk.engine;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.identity.Group;
import org.operaton.bpm.engine.identity.Tenant;
import org.operaton.bpm.engine.rest.security.auth.AuthenticationResult;
import org.operaton.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

/**
 * HTTP basic authentication that remembers a verified user for a minute.
 *
 * <p>The stock provider checks the password and then looks up the user's groups and tenants on
 * every request: three queries before the real work, for each external task a worker completes.
 * Here a successful check (with its groups and tenants) is kept for {@link #TTL_SECONDS} under
 * a digest of the credentials. Failed checks are never kept, so the engine's throttling of
 * wrong passwords still applies; a changed password stops working after at most a minute.
 */
public class CachingBasicAuthenticationProvider extends HttpBasicAuthenticationProvider {
  static final long TTL_SECONDS = 60;
  private static final int MAX_ENTRIES = 1000;
  private static final ConcurrentHashMap<String, Entry> CACHE = new ConcurrentHashMap<>();

  private record Entry(AuthenticationResult result, long expiresAt) {}

  @Override
  public AuthenticationResult extractAuthenticatedUser(
      HttpServletRequest request, ProcessEngine engine) {
    String header = request.getHeader("Authorization");
    if (header == null) {
      return super.extractAuthenticatedUser(request, engine);
    }
    String key = engine.getName() + ":" + digest(header);
    long now = System.nanoTime();
    Entry hit = CACHE.get(key);
    if (hit != null && hit.expiresAt() - now > 0) {
      return hit.result();
    }
    AuthenticationResult result = super.extractAuthenticatedUser(request, engine);
    if (result.isAuthenticated()) {
      String user = result.getAuthenticatedUser();
      IdentityService identity = engine.getIdentityService();
      List<String> groups =
          identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
      List<String> tenants =
          identity.createTenantQuery().userMember(user).includingGroupsOfUser(true).list().stream()
              .map(Tenant::getId)
              .toList();
      result.setGroups(groups);
      result.setTenants(tenants);
      if (CACHE.size() >= MAX_ENTRIES) {
        CACHE.clear();
      }
      CACHE.put(key, new Entry(result, now + TimeUnit.SECONDS.toNanos(TTL_SECONDS)));
    }
    return result;
  }

  private static String digest(String header) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(header.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
