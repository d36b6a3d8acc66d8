//! Lists of publications, from the bottom up: the [`Filter`] saying what a list selects (with
//! a search's [`Matches`] among its conditions), keyset seeks after a known row, the
//! [`ListIndex`] that numbered pages seek from, and a search's [`Ranking`]. Each file names the
//! ones below it directly; this face only gathers their types for the rest of the server.

pub mod filter;
pub mod index;
pub mod keyset;
pub mod matches;
pub mod ranking;

pub use filter::Filter;
pub use index::ListIndex;
pub use matches::Matches;
pub use ranking::Ranking;
