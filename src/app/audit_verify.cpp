#include <iostream>

#include "app/commands.h"
#include "app/console.h"
#include "audit/audit_chain.h"
#include "crypto/master_key.h"
#include "storage/store.h"

namespace keyward::app {

int audit_verify(const std::string& database_url, const std::string& master_key_file) {
  auto master = load_existing_master_key(master_key_file);
  if (!master) return fail(master.error().internal);
  auto store = storage::open_store(database_url, {.pool_size = 1});
  if (!store) return fail(store.error().internal);
  if (auto migrated = (*store)->migrate(); !migrated) return fail(migrated.error().internal);
  auto chain = audit::AuditChain::open(**store, master->key);
  if (!chain) return fail(chain.error().internal);
  auto reports = audit::verify_audit_chains(**store, *chain);
  if (!reports) return fail(reports.error().internal);

  int broken = 0;
  for (const auto& report : *reports) {
    std::string name = report.team.empty() ? "(no team)" : "team " + report.team;
    std::cout << name << ": " << report.events << " chained event(s)";
    if (report.unchained > 0) std::cout << ", " << report.unchained << " from before the chain";
    if (report.problem.empty()) {
      std::cout << ", intact";
      if (!report.head.empty()) std::cout << ", head " << report.head;
      std::cout << "\n";
    } else {
      ++broken;
      std::cout << "\n  BROKEN at event " << report.event_id << ": " << report.problem << "\n";
    }
  }
  if (reports->empty()) std::cout << "no audit events\n";
  if (broken > 0) {
    std::cout << broken << " chain(s) broken: the audit trail was changed outside keyward\n";
    return 1;
  }
  std::cout << "every chain is intact; record the heads above to detect a later truncation\n";
  return 0;
}

}  // namespace keyward::app
