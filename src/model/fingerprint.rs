//! A stable fingerprint of the register's content, recorded with each
//! management sign-off so that later changes can be detected.
//!
//! It covers everything but the sign-offs themselves and ignores layout and
//! comments: only what the register says counts.

use std::io::Write;

use super::Workspace;

/// `v1:` followed by 16 hex digits.
pub fn fingerprint(ws: &Workspace) -> String {
    let mut h = Hasher::new();
    // Serialising to JSON gives a canonical byte stream defined by our own
    // field names and order; it cannot fail when writing to a hasher.
    let view = (
        &ws.organisation,
        &ws.settings,
        &ws.sod_rules,
        &ws.activities,
        &ws.exclusions,
        &ws.people,
        &ws.roles,
        &ws.matrix,
    );
    let _ = serde_json::to_writer(&mut h, &view);
    format!("v1:{:016x}", h.finish())
}

/// FNV-1a over 64-bit words: simple, defined here (so it never changes with
/// the compiler, unlike `std`'s hasher) and fast enough for every edit.
struct Hasher {
    state: u64,
    tail: [u8; 8],
    tail_len: usize,
}

const PRIME: u64 = 0x0000_0100_0000_01b3;
const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

impl Hasher {
    fn new() -> Hasher {
        Hasher {
            state: OFFSET,
            tail: [0; 8],
            tail_len: 0,
        }
    }

    fn word(&mut self, w: u64) {
        self.state = (self.state ^ w).wrapping_mul(PRIME).rotate_left(23);
    }

    fn finish(mut self) -> u64 {
        let n = self.tail_len;
        let mut last = [0u8; 8];
        last[..n].copy_from_slice(&self.tail[..n]);
        self.word(u64::from_le_bytes(last) ^ ((n as u64) << 56));
        // Final avalanche so that similar registers get unrelated values.
        let mut x = self.state;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x
    }
}

impl Write for Hasher {
    fn write(&mut self, mut buf: &[u8]) -> std::io::Result<usize> {
        let len = buf.len();
        if self.tail_len > 0 {
            let take = (8 - self.tail_len).min(buf.len());
            self.tail[self.tail_len..self.tail_len + take].copy_from_slice(&buf[..take]);
            self.tail_len += take;
            buf = &buf[take..];
            if self.tail_len < 8 {
                return Ok(len);
            }
            let w = u64::from_le_bytes(self.tail);
            self.word(w);
            self.tail_len = 0;
        }
        let mut chunks = buf.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.word(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.tail_len = rest.len();
        Ok(len)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Letter, Person, Signoff};

    #[test]
    fn same_content_same_fingerprint_and_changes_show() {
        let mut ws = Workspace::default();
        ws.people.insert(
            "a".into(),
            Person {
                id: "a".into(),
                name: "Ann".into(),
                ..Person::default()
            },
        );
        let f1 = fingerprint(&ws);
        assert_eq!(f1, fingerprint(&ws.clone()));
        assert!(f1.starts_with("v1:") && f1.len() == 19);

        ws.signoffs.push(Signoff::default());
        assert_eq!(
            f1,
            fingerprint(&ws),
            "sign-offs are not part of the content"
        );

        ws.matrix.set("A.5.1", "ism", Some(Letter::A));
        assert_ne!(f1, fingerprint(&ws));
    }

    #[test]
    fn chunking_does_not_change_the_hash() {
        let data: Vec<u8> = (0..100u8).collect();
        let mut a = Hasher::new();
        a.write_all(&data).unwrap();
        let mut b = Hasher::new();
        for piece in data.chunks(3) {
            b.write_all(piece).unwrap();
        }
        assert_eq!(a.finish(), b.finish());
    }
}
