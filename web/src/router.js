// Hash routing (#/users): the server only ever serves "/" for the UI, so no
// server-side fallback is needed and deep links survive a reload.
import { createRouter, createWebHashHistory } from 'vue-router'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { setUnauthorizedHandler } from './lib/api.js'
import { session, loadMe, hasAnyPerm, clearSession, mustSetUpTotp } from './lib/session.js'
import { loadMeta, metaLoaded } from './lib/meta.js'
import { startProgress } from './lib/progress.js'

const APP_TITLE = '桐乡市未成年人保护信息平台'

// Every page but the sign-in page is loaded on demand.
export const routes = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./views/LoginView.vue'),
    meta: { title: '登录', public: true },
  },
  {
    path: '/',
    component: () => import('./layouts/MainLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('./views/DashboardView.vue'), meta: { title: '首页', menu: true, icon: 'home' } },
      { path: 'users', name: 'users', component: () => import('./views/UsersView.vue'), meta: { title: '用户管理', perm: 'user.manage', menu: true, icon: 'users' } },
      { path: 'roles', name: 'roles', component: () => import('./views/RolesView.vue'), meta: { title: '角色与权限', perm: 'user.manage', menu: true, icon: 'roles' } },
      { path: 'divisions', name: 'divisions', component: () => import('./views/DivisionsView.vue'), meta: { title: '行政区划', menu: true, icon: 'divisions' } },
      { path: 'units', name: 'units', component: () => import('./views/UnitsView.vue'), meta: { title: '成员单位', menu: true, icon: 'units' } },
      // 工作要点督办 (meta.group: one titled group in the menu; meta.perm may
      // list several permissions, any one of which opens the page)
      { path: 'plans', name: 'plans', component: () => import('./views/PlansView.vue'), meta: { title: '工作要点', perm: 'plan.read', menu: true, icon: 'plans', group: '工作要点督办' } },
      { path: 'tasks', name: 'tasks', component: () => import('./views/TasksView.vue'), meta: { title: '任务台账', perm: ['plan.read', 'task.report'], menu: true, icon: 'tasks', group: '工作要点督办' } },
      { path: 'supervisions', name: 'supervisions', component: () => import('./views/SupervisionsView.vue'), meta: { title: '督办', perm: 'plan.read', menu: true, icon: 'supervise', group: '工作要点督办' } },
      { path: 'scores', name: 'scores', component: () => import('./views/ScoresView.vue'), meta: { title: '年度考核', perm: 'plan.read', menu: true, icon: 'scores', group: '工作要点督办' } },
      { path: 'plans/import', name: 'plan-import', component: () => import('./views/PlanImportView.vue'), meta: { title: '工作要点导入', perm: 'plan.manage', menu: true, icon: 'import', group: '工作要点督办' } },
      // 阵地与队伍: every register on one page, the register in ?type=
      { path: 'facilities', name: 'facilities', component: () => import('./views/FacilitiesView.vue'), meta: { title: '阵地台账', perm: 'network.read', menu: true, icon: 'registers', group: '阵地与队伍' } },
      { path: 'trainings', name: 'trainings', component: () => import('./views/TrainingsView.vue'), meta: { title: '培训记录', perm: 'network.read', menu: true, icon: 'trainings', group: '阵地与队伍' } },
      { path: 'facilities/vacancies', name: 'vacancies', component: () => import('./views/VacanciesView.vue'), meta: { title: '队伍空缺', perm: 'network.read', menu: true, icon: 'vacancies', group: '阵地与队伍' } },
      // 困境儿童: the register, a child's page (no menu entry: the register's
      // entry stays lit), the import, the allowances
      { path: 'children', name: 'children', component: () => import('./views/ChildrenView.vue'), meta: { title: '困境儿童名册', perm: 'child.read', menu: true, icon: 'children', group: '困境儿童' } },
      { path: 'children/:id(\\d+)', name: 'child', component: () => import('./views/ChildView.vue'), meta: { title: '儿童档案', perm: 'child.read', menuPath: '/children' } },
      { path: 'children/import', name: 'child-import', component: () => import('./views/ChildImportView.vue'), meta: { title: '儿童信息导入', perm: 'child.write', menu: true, icon: 'import', group: '困境儿童' } },
      { path: 'allowances', name: 'allowances', component: () => import('./views/AllowancesView.vue'), meta: { title: '月度发放', perm: 'child.read', menu: true, icon: 'money', group: '困境儿童' } },
      { path: 'allowances/standards', name: 'allowance-standards', component: () => import('./views/AllowanceStandardsView.vue'), meta: { title: '补贴标准', perm: 'child.read', menu: true, icon: 'standards', group: '困境儿童' } },
      // 入职查询: the roster check and its records (check.submit: an
      // institution's HR, the office), the coverage (dashboard.read) and the
      // registry's import (check.registry only: its keeper, not admin)
      { path: 'checks', name: 'check-run', component: () => import('./views/CheckRunView.vue'), meta: { title: '名单查询', perm: 'check.submit', menu: true, icon: 'check', group: '入职查询' } },
      { path: 'checks/runs', name: 'check-runs', component: () => import('./views/CheckRunsView.vue'), meta: { title: '查询记录', perm: 'check.submit', menu: true, icon: 'tasks', group: '入职查询' } },
      { path: 'checks/runs/:id(\\d+)', name: 'check-run-detail', component: () => import('./views/CheckRunDetailView.vue'), meta: { title: '查询结果', perm: 'check.submit', menuPath: '/checks/runs' } },
      { path: 'checks/staff/:id(\\d+)', name: 'check-staff-person', component: () => import('./views/CheckStaffView.vue'), meta: { title: '在职人员与复查', perm: 'check.submit', menuPath: '/checks/staff' } },
      { path: 'checks/staff', name: 'check-staff', component: () => import('./views/CheckStaffView.vue'), meta: { title: '在职人员与复查', perm: 'check.submit', menu: true, icon: 'staff', group: '入职查询' } },
      { path: 'checks/coverage', name: 'check-coverage', component: () => import('./views/CheckCoverageView.vue'), meta: { title: '覆盖率', perm: 'dashboard.read', menu: true, icon: 'scores', group: '入职查询' } },
      { path: 'checks/registry', name: 'check-registry', component: () => import('./views/CheckRegistryView.vue'), meta: { title: '记录库导入', perm: 'check.registry', menu: true, icon: 'import', group: '入职查询' } },
      // 个案管理 (issue 14): the report form and the reporter's own list
      // (case.intake), the workbench and a case's page (case.read);
      { path: 'report', name: 'report', component: () => import('./views/ReportView.vue'), meta: { title: '强制报告', perm: 'case.intake', menu: true, icon: 'report', group: '个案管理' } },
      { path: 'reports', name: 'my-reports', component: () => import('./views/MyReportsView.vue'), meta: { title: '我的报告', perm: 'case.intake', menu: true, icon: 'myreports', group: '个案管理' } },
      { path: 'reports/:id(\\d+)', name: 'my-report', component: () => import('./views/MyReportsView.vue'), meta: { title: '我的报告', perm: 'case.intake', menuPath: '/reports' } },
      { path: 'cases', name: 'cases', component: () => import('./views/CasesView.vue'), meta: { title: '个案工作台', perm: 'case.read', menu: true, icon: 'cases', group: '个案管理' } },
      { path: 'cases/:id(\\d+)', name: 'case', component: () => import('./views/CaseView.vue'), meta: { title: '个案详情', perm: 'case.read', menuPath: '/cases' } },
      // the second part: a unit's measures (case.measure) and a measure's page
      // (also for handlers, from the case page), 挂牌督办, family-education
      // orders (guidance.manage records them, case.read reads them in scope),
      // the statistics
      { path: 'measures', name: 'measures', component: () => import('./views/MeasuresView.vue'), meta: { title: '我的措施', perm: 'case.measure', menu: true, icon: 'measures', group: '个案管理' } },
      { path: 'measures/:id(\\d+)', name: 'measure', component: () => import('./views/MeasureView.vue'), meta: { title: '救助措施', perm: ['case.measure', 'case.read'], menuPath: '/measures' } },
      { path: 'listings', name: 'listings', component: () => import('./views/ListingsView.vue'), meta: { title: '挂牌督办', perm: 'case.read', menu: true, icon: 'listings', group: '个案管理' } },
      { path: 'guidance', name: 'guidance', component: () => import('./views/GuidanceView.vue'), meta: { title: '家庭教育指导令', perm: ['guidance.manage', 'case.read'], menu: true, icon: 'guidance', group: '个案管理' } },
      { path: 'guidance/:id(\\d+)', name: 'guidance-order', component: () => import('./views/GuidanceOrderView.vue'), meta: { title: '家庭教育指导令', perm: ['guidance.manage', 'case.read'], menuPath: '/guidance' } },
      { path: 'cases/stats', name: 'case-stats', component: () => import('./views/CaseStatsView.vue'), meta: { title: '个案统计', perm: ['dashboard.read', 'case.read'], menu: true, icon: 'stats', group: '个案管理' } },
      { path: 'audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { title: '审计日志', perm: 'audit.read', menu: true, icon: 'audit' } },
      { path: 'password', name: 'password', component: () => import('./views/PasswordView.vue'), meta: { title: '修改密码', menu: true, icon: 'password' } },
    ],
  },
  // a 督办通知单 to print: a page of its own, without the menu
  {
    path: '/print/supervision/:id(\\d+)',
    name: 'supervision-print',
    component: () => import('./views/SupervisionPrintView.vue'),
    meta: { title: '督办通知单', perm: 'plan.read' },
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export const router = createRouter({
  history: createWebHashHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

/** A redirect target from ?redirect= that stays inside the app. */
export function safeRedirect(r) {
  if (typeof r !== 'string' || !r.startsWith('/') || r.startsWith('//') || r.startsWith('/login')) return '/'
  return r
}

// the progress bar of a slow page change (the session, the labels, the
// page's code): one piece of work from the first guard until the page shows
// or the change fails, however many redirects it takes
let navigating = null
router.beforeEach(() => {
  if (!navigating) navigating = startProgress()
})
function navigationDone() {
  if (navigating) navigating()
  navigating = null
}
router.onError(navigationDone)

router.beforeEach(async (to, from) => {
  if (to.meta.public) return true
  if (!session.me) {
    try {
      await loadMe()
    } catch (e) {
      const query = { redirect: to.fullPath }
      if (e.status === 401) {
        if (e.code === 'session_expired') query.reason = 'session_expired'
        return { name: 'login', query }
      }
      // server down or failing: the sign-in page says so
      query.reason = 'unavailable'
      return { name: 'login', query }
    }
  }
  // the server's labels, once per page load, before any page shows a code
  if (!metaLoaded()) {
    try {
      await loadMeta()
    } catch (e) {
      if (e.status === 401) {
        clearSession()
        return { name: 'login', query: { redirect: to.fullPath, reason: e.code === 'session_expired' ? 'session_expired' : 'unauthenticated' } }
      }
      // the page still works; codes read 其他 until a later navigation loads them
      ElMessage.error('界面字典加载失败，部分名称暂时无法显示，请稍后刷新页面')
    }
  }
  // a user whose permissions require two-factor sign-in sets it up first:
  // until then the server answers everything else 403 totp_setup_required
  if (mustSetUpTotp() && to.name !== 'password') {
    if (from.name && from.name !== 'login') ElMessage.warning({ message: '请先启用两步验证', grouping: true })
    return { name: 'password' }
  }
  const perm = to.matched.map((r) => r.meta.perm).find(Boolean)
  if (perm && !hasAnyPerm(perm)) {
    ElMessage.warning('您没有访问该页面的权限')
    return to.name === 'home' ? false : { name: 'home' }
  }
  return true
})

router.afterEach((to) => {
  navigationDone()
  document.title = to.meta.title ? `${to.meta.title} - ${APP_TITLE}` : APP_TITLE
})

// A 401 from any call: back to the sign-in page, then back here.
let redirecting = false
setUnauthorizedHandler((err) => {
  clearSession()
  const cur = router.currentRoute.value
  if (redirecting || cur.name === 'login') return
  redirecting = true
  // the sign-in page says why (登录已超时 / 登录状态已失效) from ?reason=
  router
    .replace({ name: 'login', query: { redirect: cur.fullPath, reason: err.code } })
    .finally(() => {
      redirecting = false
    })
})
