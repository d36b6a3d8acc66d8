//! Who is signed in to the staff area, as far as the browser knows: the name, role and CSRF
//! token that `POST /session` returned. The session itself is an HttpOnly cookie the app never
//! sees; the token must still be sent with every write, and a reload would lose it if it lived
//! only in memory, so it is kept in `sessionStorage` (it is not the session secret, and that
//! storage ends with the tab). Reached through `js_sys` because the build enables no
//! `web-sys` storage bindings. The same storage carries a one-off status message from one
//! staff page to the next.

use chancery_shared::staff::Role;
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::staff_api::NewSession;

const KEY_NAME: &str = "chancery.staff.name";
const KEY_ROLE: &str = "chancery.staff.role";
const KEY_CSRF: &str = "chancery.staff.csrf";
const KEY_FLASH: &str = "chancery.staff.flash";

/// The signed-in member of staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSession {
    pub name: String,
    pub role: Role,
    pub csrf: String,
}

impl StaffSession {
    /// The session this tab signed in with, if any (and if storage is readable).
    pub fn load() -> Option<StaffSession> {
        Some(StaffSession {
            name: get(KEY_NAME)?,
            role: get(KEY_ROLE)?.parse().ok()?,
            csrf: get(KEY_CSRF)?,
        })
    }

    /// Remembers a new session for this tab.
    pub fn save(session: &NewSession) {
        set(KEY_NAME, &session.name);
        set(KEY_ROLE, session.role.as_str());
        set(KEY_CSRF, &session.csrf_token);
    }

    /// Forgets the session (signed out, or the server no longer knows it).
    pub fn clear() {
        for key in [KEY_NAME, KEY_ROLE, KEY_CSRF] {
            let _ = call("removeItem", &[JsValue::from_str(key)]);
        }
    }

    /// Whether this member of staff may publish (editors and admins).
    pub fn may_publish(&self) -> bool {
        self.role.allows(Role::Editor)
    }
}

/// Leaves `message` for the next staff page this tab shows: a save, withdrawal or deletion is
/// followed by a navigation, and what happened must still be said on the page it lands on.
pub fn flash(message: &str) {
    set(KEY_FLASH, message);
}

/// The message [`flash`] left, once.
pub fn take_flash() -> Option<String> {
    let message = get(KEY_FLASH)?;
    let _ = call("removeItem", &[JsValue::from_str(KEY_FLASH)]);
    Some(message)
}

fn storage() -> Option<JsValue> {
    // Reading `sessionStorage` throws when storage is blocked; treat that as "none".
    let storage = Reflect::get(&js_sys::global(), &JsValue::from_str("sessionStorage")).ok()?;
    (!storage.is_null() && !storage.is_undefined()).then_some(storage)
}

/// Calls `sessionStorage[method](...args)`, giving `None` when anything fails.
fn call(method: &str, args: &[JsValue]) -> Option<JsValue> {
    let storage = storage()?;
    let function: Function = Reflect::get(&storage, &JsValue::from_str(method))
        .ok()?
        .dyn_into()
        .ok()?;
    let args: js_sys::Array = args.iter().collect();
    function.apply(&storage, &args).ok()
}

fn get(key: &str) -> Option<String> {
    call("getItem", &[JsValue::from_str(key)])?
        .as_string()
        .filter(|value| !value.is_empty())
}

fn set(key: &str, value: &str) {
    // A failed write (quota, private mode) only costs a sign-in after the next reload.
    let _ = call(
        "setItem",
        &[JsValue::from_str(key), JsValue::from_str(value)],
    );
}
