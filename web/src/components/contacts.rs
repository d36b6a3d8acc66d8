//! Ways to reach the mission, e.g. the consular line, each number a `tel:` link for phones.

use chancery_shared::site::Contact;
use leptos::prelude::*;

/// The contacts in display order.
#[component]
pub fn Contacts(contacts: Vec<Contact>) -> impl IntoView {
    view! {
        <ul class="contacts">
            {contacts
                .into_iter()
                .map(|contact| {
                    view! {
                        <li class="contact">
                            <span class="contact-label">{contact.label}</span>
                            " "
                            <a href=contact.tel>{contact.phone}</a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
