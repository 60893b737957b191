package io.callwire.auth.service;

import java.util.List;
import java.util.Set;

import io.callwire.contract.security.Roles;

/** Which roles exist and who may grant them. */
final class RolePolicy {

    private static final Set<String> USER_ROLES = Set.of(Roles.PLATFORM_ADMIN, Roles.ORG_ADMIN, Roles.SUPERVISOR, Roles.AGENT);
    private static final Set<String> CLIENT_ROLES = Set.of(Roles.INTEGRATION, Roles.PLATFORM_SERVICE, Roles.ORG_ADMIN, Roles.SUPERVISOR,
            Roles.AGENT);

    private RolePolicy() {
    }

    /** Refuses unknown roles and platform-admin granted by anyone but a platform-admin. */
    static List<String> checkUserRoles(Caller caller, List<String> roles) {
        return check(caller, roles, USER_ROLES);
    }

    /** API clients never hold platform-admin; only platform-admins grant platform-service (it reads every organization's revocations). */
    static List<String> checkClientRoles(Caller caller, List<String> roles) {
        return check(caller, roles, CLIENT_ROLES);
    }

    private static List<String> check(Caller caller, List<String> roles, Set<String> allowed) {
        for (String role : roles) {
            if (!allowed.contains(role)) {
                throw new InvalidFieldProblem("roles", "unknown role '" + role + "'; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
            }
            if ((Roles.PLATFORM_ADMIN.equals(role) || Roles.PLATFORM_SERVICE.equals(role)) && !caller.isPlatformAdmin()) {
                throw new InvalidFieldProblem("roles", "only platform administrators grant " + role);
            }
        }
        return roles.stream().distinct().sorted().toList();
    }
}
