// keyward_seed: fills a database with teams and keys through the real storage and sealing code,
// fast (large transactions), for benchmarks. Prints one line per team:
// "team <id> token <session> service <service token>": a session of the team's owner (a Bearer
// token for the management API) and a service token for every key type (for resolve). The
// owners are owner<prefix><n>@bench.example, password "benchmark password".
//
//   keyward_seed --database-url sqlite:/tmp/bench.db --master-key-file k.key --teams 1 --keys
//   100000
#include <CLI/CLI.hpp>

#include <chrono>
#include <iostream>
#include <map>
#include <random>

#include "api/auth.h"
#include "crypto/master_key.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "crypto/sealing.h"
#include "domain/api_key.h"
#include "domain/clock.h"
#include "keys/team_keys.h"
#include "storage/store.h"

using namespace keyward;

namespace {

constexpr int kKeysPerTransaction = 5000;
const char* const kWords[] = {"production", "staging", "billing", "search", "support", "backup",
                              "analytics",  "europe",  "us-east", "mobile", "batch",   "chatbot"};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Seed a keyward database for benchmarks"};
  std::string url;
  std::string key_file;
  int teams = 1;
  int keys = 1000;
  std::string prefix;
  app.add_option("--database-url", url)->required();
  app.add_option("--master-key-file", key_file)->required();
  app.add_option("--teams", teams);
  app.add_option("--keys", keys, "keys per team");
  app.add_option("--prefix", prefix, "told apart the owners' emails of several seed runs");
  CLI11_PARSE(app, argc, argv);
  if (!crypto::init()) return 1;

  auto master = crypto::load_master_key({key_file, "", ""});
  if (!master) {
    std::cerr << master.error().internal << "\n";
    return 1;
  }
  auto store = storage::open_store(url, {.pool_size = 1});
  if (!store || !(*store)->migrate()) {
    std::cerr << "cannot open or migrate " << url << "\n";
    return 1;
  }
  keys::TeamKeys team_keys(master->key);
  if (auto loaded = team_keys.preload(**store); !loaded) {
    std::cerr << loaded.error().internal << "\n";
    return 1;
  }
  SystemClock clock;
  api::AppContext context{**store, nullptr, clock, {}, &team_keys};
  std::string password_hash = crypto::hash_password("benchmark password").value();
  std::mt19937_64 random(42);
  std::map<std::string, std::string> owners;  // team id -> its owner's user id
  const KeyType& type_openai = *find_key_type("openai");
  auto started = std::chrono::steady_clock::now();

  // Teams and their keys go in transactions of about kKeysPerTransaction keys: one team's keys
  // split over several, or several small teams in one.
  struct Seeded {
    std::string team_id, token, service_token;
  };
  auto seed_team = [&](storage::WriteTx& tx, int t, std::int64_t now) -> Result<Seeded> {
    std::string suffix = prefix + std::to_string(t);
    User owner{crypto::random_uuid(), "owner" + suffix + "@bench.example", "Owner", password_hash,
               now};
    Team team{crypto::random_uuid(), "Bench team " + suffix, now};
    if (auto s = tx.identity().insert_user(owner); !s) return std::move(s).error();
    if (auto s = tx.identity().insert_team(team); !s) return std::move(s).error();
    if (auto s = tx.identity().insert_membership(team.id, owner.id, Role::kOwner, now); !s) {
      return std::move(s).error();
    }
    Session session;
    auto created = api::create_session(tx, context, owner.id, {"127.0.0.1", "seed"}, session);
    if (!created) return std::move(created).error();
    ServiceToken service;
    service.id = crypto::random_uuid();
    service.team_id = team.id;
    service.name = "bench";
    std::string service_token = "kw_st_" + crypto::random_token();
    service.token_hash = crypto::hash_token(service_token);
    for (const auto& type : key_types()) service.types.emplace_back(type.id);
    service.created_at = now;
    service.created_by = owner.id;
    if (auto s = tx.tokens().insert(service); !s) return std::move(s).error();
    owners[team.id] = owner.id;
    return Seeded{team.id, *created, service_token};
  };
  auto seed_keys = [&](storage::WriteTx& tx, const std::string& team_id, int from, int count,
                       std::int64_t now) -> Status {
    auto data_key = team_keys.for_team(tx, team_id, now);
    if (!data_key) return std::move(data_key).error();
    for (int n = from; n < from + count; ++n) {
      std::string plaintext = "sk-bench-" + crypto::random_hex(16);
      ApiKey key;
      key.id = crypto::random_uuid();
      key.team_id = team_id;
      key.type = std::string(key_types()[static_cast<std::size_t>(n) % key_types().size()].id);
      key.description = std::string(kWords[random() % 12]) + " " + kWords[random() % 12] + " key " +
                        std::to_string(n);
      key.key_hint = make_key_hint(type_openai, plaintext);
      key.fingerprint = team_keys.fingerprint(team_id, plaintext);
      crypto::Sealed sealed =
          crypto::seal_api_key(*data_key, team_id, key.id, key.secret_version, plaintext);
      key.ciphertext = std::move(sealed.ciphertext);
      key.nonce = std::move(sealed.nonce);
      key.created_at = key.updated_at = now - (keys - n) * 1000LL;
      key.created_by = key.updated_by = owners[team_id];
      if (auto s = tx.keys().insert(key); !s) return s;
    }
    return ok_status();
  };

  std::vector<Seeded> seeded;
  int teams_per_transaction = std::max(1, kKeysPerTransaction / std::max(1, keys));
  for (int t = 0; t < teams;) {
    int group = std::min(teams_per_transaction, teams - t);
    std::int64_t now = clock.now_ms();
    // Small teams: whole teams per transaction. A large team: its keys in several.
    std::vector<Seeded> in_group;
    auto written = (*store)->write([&](storage::WriteTx& tx) -> Status {
      in_group.clear();  // a write may run more than once: only the last run's teams exist
      for (int i = 0; i < group; ++i) {
        auto team = seed_team(tx, t + i, now);
        if (!team) return std::move(team).error();
        if (keys <= kKeysPerTransaction) {
          if (auto s = seed_keys(tx, team->team_id, 0, keys, now); !s) return s;
        }
        in_group.push_back(std::move(*team));
      }
      return ok_status();
    });
    if (!written) {
      std::cerr << written.error().internal << "\n";
      return 1;
    }
    seeded.insert(seeded.end(), in_group.begin(), in_group.end());
    if (keys > kKeysPerTransaction) {
      for (int done = 0; done < keys; done += kKeysPerTransaction) {
        int batch = std::min(kKeysPerTransaction, keys - done);
        auto more = (*store)->write([&](storage::WriteTx& tx) {
          return seed_keys(tx, seeded.back().team_id, done, batch, now);
        });
        if (!more) {
          std::cerr << more.error().internal << "\n";
          return 1;
        }
      }
    }
    t += group;
  }
  for (const auto& team : seeded) {
    std::cout << "team " << team.team_id << " token " << team.token << " service "
              << team.service_token << "\n";
  }
  std::cout.flush();
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cerr << "seeded " << teams << " team(s) x " << keys << " keys in " << seconds << " s\n";
  return 0;
}
