package io.shardline.admin;

import io.shardline.router.Secrets;
import java.util.regex.Pattern;

/**
 * The store location the admin hands to applications: its own URL without anything that logs in as the admin. The
 * query goes (it holds the admin's user, password and secret key), and so do a {@code user:password@} before the
 * host, H2's {@code ;USER=..;PASSWORD=..} settings and Connector/J's {@code (host=..,user=..,password=..)} keys.
 */
final class StoreLocation {
    private static final Pattern USER_INFO = Pattern.compile("//[^/@\\s]*@");
    private static final Pattern H2_ACCOUNT = Pattern.compile("(?i);(?:USER|PASSWORD)=[^;]*");
    private static final Pattern ADDRESS_ACCOUNT = Pattern.compile("(?i),\\s*(?:user|password)\\s*=[^,)]*");

    private StoreLocation() {
    }

    static String withoutCredentials(String storeUrl) throws DrdsException {
        int query = storeUrl.indexOf('?');
        String location = query < 0 ? storeUrl : storeUrl.substring(0, query);
        location = USER_INFO.matcher(location).replaceFirst("//");
        location = H2_ACCOUNT.matcher(location).replaceAll("");
        location = ADDRESS_ACCOUNT.matcher(location).replaceAll("");
        if (!Secrets.mask(location).equals(location)) { // a form not understood above: hand out nothing rather than a secret
            throw DrdsError.INTERNAL_SERVER_ERROR.with("the store URL " + Secrets.mask(location) + " holds a credential in a form"
                    + " the admin cannot take out; give the store's account as ?user=&password= parameters");
        }
        return location;
    }
}
