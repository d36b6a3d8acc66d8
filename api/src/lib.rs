//! Chancery's server and command-line tool: the read API over publications, counters, clocks
//! and site information, its storage on SQLite or PostgreSQL, the OpenAPI document, and the
//! import, export and synthetic-data commands. `main` and the tests both start the server
//! through [`startup::build`].

pub mod access;
pub mod admin;
pub mod auth;
pub mod body;
pub mod cache;
pub mod clock;
pub mod config;
pub mod counting;
pub mod credentials;
pub mod cursor;
pub mod db;
pub mod defences;
pub mod demo;
pub mod error;
pub mod etag;
pub mod html;
pub mod http;
pub mod import;
pub mod limits;
pub mod listing;
pub mod middleware;
pub mod names;
pub mod openapi;
pub mod origin;
pub mod paging;
pub mod params;
pub mod publishing;
pub mod query;
pub mod readings;
pub mod responses;
pub mod routes;
pub mod search_gate;
pub mod selection;
pub mod shutdown;
pub mod staff_cli;
pub mod startup;
pub mod state;
pub mod syndication;
pub mod synthetic;
pub mod throttle;
